import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { READERS, Role, Roles } from 'src/common/auth/roles';
import { CreateDocumentNoticeDto, DocumentNoticeDto } from './dto/document-notice.dto';
import { PaymentDocumentInputsRepository } from './payment-document-inputs.repository';

/**
 * The notice section texts of payment documents as data with validity (reading deadline and the
 * para 59 consequences, 43/пр). Overlapping validity is refused (409 DOCUMENT_NOTICE_OVERLAP).
 */
@ApiTags('payment-documents')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/document-notices')
export class DocumentNoticesController {
  constructor(private readonly notices: PaymentDocumentInputsRepository) {}

  /** Every notice text, by validity. */
  @Roles(...READERS)
  @Get()
  list(): Promise<DocumentNoticeDto[]> {
    return this.notices.listNotices();
  }

  /** A new notice text for a validity range (409 DOCUMENT_NOTICE_OVERLAP when ranges overlap). */
  @Roles(Role.Supervisor)
  @Post()
  create(@Body() dto: CreateDocumentNoticeDto): Promise<DocumentNoticeDto> {
    return this.notices.insertNotice(dto);
  }
}
