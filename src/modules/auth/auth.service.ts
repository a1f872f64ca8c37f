import { PrincipalCache } from 'src/common/auth/principal-cache';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { DomainError, NotFoundError } from 'src/common/errors/domain-error';
import { Principal } from 'src/common/auth/roles';
import { hashPassword, newApiKey, sha256Hex, verifyPassword } from 'src/common/auth/passwords';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import {
  ApiKeyResponseDto,
  CreateApiKeyDto,
  CreatedApiKeyResponseDto,
  CreateUserDto,
  LoginDto,
  TokenResponseDto,
  UserResponseDto,
} from './dto/auth.dto';

interface UserRow {
  id: string;
  login: string;
  full_name: string;
  role: UserResponseDto['role'];
  active: boolean;
  created_at: Date;
  password_hash: string;
}
interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  role: ApiKeyResponseDto['role'];
  scopes: string[];
  created_by: string;
  created_at: Date;
  revoked_at: Date | null;
}

const toUser = (r: UserRow): UserResponseDto => ({
  id: r.id,
  login: r.login,
  fullName: r.full_name,
  role: r.role,
  active: r.active,
  createdAt: r.created_at.toISOString(),
});
const toKey = (r: KeyRow): ApiKeyResponseDto => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  role: r.role,
  scopes: r.scopes,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
  revokedAt: r.revoked_at ? r.revoked_at.toISOString() : null,
});

@Injectable()
export class AuthService {
  constructor(
    private readonly db: DataSource,
    private readonly jwt: JwtService,
    private readonly principals: PrincipalCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(dto: LoginDto): Promise<TokenResponseDto> {
    const [row]: UserRow[] = await this.db.query(`SELECT * FROM users WHERE login = $1 AND active`, [
      dto.login,
    ]);
    // Same answer for an unknown login and a wrong password.
    if (!row || !(await verifyPassword(dto.password, row.password_hash))) {
      throw new DomainError('bad_input', 'INVALID_CREDENTIALS', 'Login or password is wrong');
    }
    const expiresIn = this.config.auth.jwtTtlSeconds;
    const accessToken = await this.jwt.signAsync(
      { sub: row.id, role: row.role, name: row.full_name },
      { expiresIn },
    );
    return { accessToken, expiresIn, role: row.role };
  }

  async createUser(dto: CreateUserDto): Promise<UserResponseDto> {
    const hash = await hashPassword(dto.password);
    const [row]: UserRow[] = await this.db.query(
      `INSERT INTO users (login, full_name, role, password_hash) VALUES ($1, $2, $3, $4) RETURNING *`,
      [dto.login, dto.fullName, dto.role, hash],
    );
    return toUser(row);
  }

  async listUsers(): Promise<UserResponseDto[]> {
    const rows: UserRow[] = await this.db.query(`SELECT * FROM users ORDER BY id`);
    return rows.map(toUser);
  }

  async deactivateUser(id: string): Promise<UserResponseDto> {
    const [rows]: [UserRow[], number] = await this.db.query(
      `UPDATE users SET active = false WHERE id = $1 RETURNING *`,
      [id],
    );
    if (!rows[0]) throw new NotFoundError('user', id);
    this.principals.evict('user', String(rows[0].id));
    return toUser(rows[0]);
  }

  async createApiKey(dto: CreateApiKeyDto, by: Principal): Promise<CreatedApiKeyResponseDto> {
    const { key, prefix } = newApiKey();
    const [row]: KeyRow[] = await this.db.query(
      `INSERT INTO api_keys (name, prefix, key_hash, role, scopes, created_by) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING *`,
      [dto.name, prefix, sha256Hex(key), dto.role, dto.scopes, by.name],
    );
    return { ...toKey(row), key };
  }

  async listApiKeys(): Promise<ApiKeyResponseDto[]> {
    const rows: KeyRow[] = await this.db.query(`SELECT * FROM api_keys ORDER BY id`);
    return rows.map(toKey);
  }

  async revokeApiKey(id: string): Promise<ApiKeyResponseDto> {
    const [rows]: [KeyRow[], number] = await this.db.query(
      `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING *`,
      [id],
    );
    if (!rows[0]) throw new NotFoundError('api_key', id);
    this.principals.evict('api_key', String(rows[0].id));
    return toKey(rows[0]);
  }
}
