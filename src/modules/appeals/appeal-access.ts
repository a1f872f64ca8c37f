import { Principal, Role } from 'src/common/auth/roles';
import { AppealRow } from './appeals.repository';
import { maskAddress, maskEmail, maskName, maskPhone } from './domain/personal-data.rules';
import { AppealResponseDto } from './dto/appeal.dto';

/**
 * Who sees a citizen's contacts in appeals: the staff who handle them (specialist, supervisor,
 * admin). Auditors check the process, so they get initials and masked contacts (152-FZ: access
 * limited to those who need it); the settlement centre has no access to appeals at all.
 */
export function handlesAppeals(p: Principal): boolean {
  return p.role === Role.Admin || p.role === Role.Supervisor || p.role === Role.Specialist;
}

export function toAppealResponse(a: AppealRow, showPersonalData: boolean): AppealResponseDto {
  const { deadlineRuleId: _rule, ...rest } = a;
  void _rule;
  return {
    ...rest,
    citizenName: showPersonalData ? a.citizenName : maskName(a.citizenName),
    citizenPhone: showPersonalData ? a.citizenPhone : maskPhone(a.citizenPhone),
    citizenEmail: showPersonalData ? a.citizenEmail : maskEmail(a.citizenEmail),
    citizenAddress: showPersonalData ? a.citizenAddress : maskAddress(a.citizenAddress),
    personalDataMasked: !showPersonalData,
    answeredOnTime: a.answeredOn === null ? null : a.answeredOn <= a.deadlineOn,
  };
}
