import { ConflictError } from 'src/common/errors/domain-error';

export enum AccountsErrorCode {
  AlreadyClosed = 'ACCOUNT_ALREADY_CLOSED',
}

export class AccountAlreadyClosedError extends ConflictError {
  constructor(id: string, closedOn: string) {
    super(AccountsErrorCode.AlreadyClosed, `Account ${id} is already closed on ${closedOn}`, {
      id,
      closedOn,
    });
  }
}
