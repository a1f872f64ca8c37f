import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AuthGuard } from 'src/common/auth/auth.guard';
import { PrincipalCache } from 'src/common/auth/principal-cache';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { AdminController, LoginController } from './auth.controller';
import { AuthService } from './auth.service';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => ({
        secret: c.auth.jwtSecret,
        signOptions: { expiresIn: c.auth.jwtTtlSeconds },
      }),
    }),
  ],
  controllers: [LoginController, AdminController],
  providers: [AuthService, PrincipalCache, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [PrincipalCache],
})
export class AuthModule {}
