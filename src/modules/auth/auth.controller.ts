import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from 'src/common/auth/principal.decorator';
import { Principal, Public } from 'src/common/auth/roles';
import { IdParam } from 'src/common/http/id-param';
import { AuthService } from './auth.service';
import {
  ApiKeyResponseDto,
  CreateApiKeyDto,
  CreatedApiKeyResponseDto,
  CreateUserDto,
  LoginDto,
  TokenResponseDto,
  UserResponseDto,
} from './dto/auth.dto';

@ApiTags('auth')
@Controller('api/v1/auth')
export class LoginController {
  constructor(private readonly auth: AuthService) {}

  /** Exchange a staff login and password for a JWT. */
  @Public()
  @Post('login')
  @HttpCode(200)
  login(@Body() dto: LoginDto): Promise<TokenResponseDto> {
    return this.auth.login(dto);
  }
}

/** Users and API keys: administrators only (routes without @Roles are admin-only). */
@ApiTags('admin')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1')
export class AdminController {
  constructor(private readonly auth: AuthService) {}

  @Post('users')
  createUser(@Body() dto: CreateUserDto): Promise<UserResponseDto> {
    return this.auth.createUser(dto);
  }

  @Get('users')
  listUsers(): Promise<UserResponseDto[]> {
    return this.auth.listUsers();
  }

  @Post('users/:id/deactivate')
  @HttpCode(200)
  deactivateUser(@Param() p: IdParam): Promise<UserResponseDto> {
    return this.auth.deactivateUser(p.id);
  }

  /** Issue an API key for a machine client; the key is in this answer only. */
  @Post('api-keys')
  createApiKey(
    @Body() dto: CreateApiKeyDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<CreatedApiKeyResponseDto> {
    return this.auth.createApiKey(dto, by);
  }

  @Get('api-keys')
  listApiKeys(): Promise<ApiKeyResponseDto[]> {
    return this.auth.listApiKeys();
  }

  @Delete('api-keys/:id')
  revokeApiKey(@Param() p: IdParam): Promise<ApiKeyResponseDto> {
    return this.auth.revokeApiKey(p.id);
  }
}
