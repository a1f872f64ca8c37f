/**
 * Masking of a citizen's personal data for roles that do not need it (152-FZ; RULES.md §9):
 * a name keeps its initials, a phone its last two digits, an e-mail its first letter and domain.
 */
export function maskName(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `${w[0]}.`)
    .join(' ');
}

export function maskPhone(phone: string | null): string | null {
  if (phone === null) return null;
  const digits = phone.replace(/\D/g, '');
  return `***${digits.slice(-2)}`;
}

export function maskEmail(email: string | null): string | null {
  if (email === null) return null;
  const at = email.indexOf('@');
  return at < 1 ? '***' : `${email[0]}***${email.slice(at)}`;
}

export function maskAddress(address: string | null): string | null {
  return address === null ? null : '***';
}
