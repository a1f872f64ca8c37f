import { ArrayUnique, IsArray, IsEnum, IsIn, IsNotEmpty, IsString, Length, MaxLength } from 'class-validator';
import { Role, Scope } from 'src/common/auth/roles';

export class LoginDto {
  /** Staff login. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  login!: string;

  /** Password (never stored or logged in clear). */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password!: string;
}

export class TokenResponseDto {
  /** JWT to send as `Authorization: Bearer <token>`. */
  accessToken!: string;
  /** Lifetime in seconds. */
  expiresIn!: number;
  /** Role carried by the token. */
  role!: Role;
}

export class CreateUserDto {
  /** Unique login. */
  @IsString()
  @Length(3, 100)
  login!: string;

  /** Full name shown in the audit trail. */
  @IsString()
  @Length(1, 200)
  fullName!: string;

  /** One of admin, supervisor, specialist, settlement_centre, auditor. */
  @IsEnum(Role)
  role!: Role;

  /** At least 12 characters. */
  @IsString()
  @Length(12, 200)
  password!: string;
}

export class UserResponseDto {
  /** User id. */
  id!: string;
  /** Login. */
  login!: string;
  /** Full name. */
  fullName!: string;
  /** Role. */
  role!: Role;
  /** False once deactivated (tokens stop working at once). */
  active!: boolean;
  /** When the user was created (ISO timestamp). */
  createdAt!: string;
}

export class CreateApiKeyDto {
  /** What the key is for (e.g. "settlement centre exchange"). */
  @IsString()
  @Length(1, 200)
  name!: string;

  /** Role the key acts with. */
  @IsEnum(Role)
  role!: Role;

  /** Scopes: exports:read, readings:write, payments:write, pii:read. */
  @IsArray()
  @ArrayUnique()
  @IsIn(Object.values(Scope), { each: true })
  scopes!: Scope[];
}

export class ApiKeyResponseDto {
  /** Key id. */
  id!: string;
  /** What the key is for. */
  name!: string;
  /** First characters of the key, to recognise it in lists. */
  prefix!: string;
  /** Role the key acts with. */
  role!: Role;
  /** Scopes granted. */
  scopes!: string[];
  /** Who issued it. */
  createdBy!: string;
  /** When it was issued (ISO timestamp). */
  createdAt!: string;
  /** When it was revoked; null while active. */
  revokedAt!: string | null;
}

export class CreatedApiKeyResponseDto extends ApiKeyResponseDto {
  /** The key itself: shown once, stored only as a SHA-256 digest. */
  key!: string;
}
