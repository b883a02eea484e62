import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { CatalogPatterns, CatalogUploadTarget, Page, PageQuery, Roles, UploadOptionsQuery, UploadStatus, UploadView } from '@tideline/contracts';
import type { Request, Response } from 'express';
import { AllowRoles } from '../auth/access.decorators';
import { AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import { ServiceBus } from '../messaging/service-bus';
import { writeRejectionsCsv } from '../uploads/rejections-csv';
import { UploadForwarder, UploadRoute } from '../uploads/upload-forwarder';

const MAINTAINERS = [Roles.admin, Roles.dataEngineer];
const ROUTE: UploadRoute = {
  chunk: CatalogPatterns.uploadChunk,
  sealed: CatalogPatterns.uploadSealed,
  aborted: CatalogPatterns.uploadAborted,
};

/**
 * Master-data CSV imports (an upsert by SKU or store code), with the sales uploads' job,
 * progress and rejections model. Registered before the products and stores controllers so that
 * `…/uploads` is not read as a SKU or store code.
 */
@ApiTags('catalog')
@ApiBearerAuth()
@AllowRoles(...MAINTAINERS)
@Controller('catalog')
export class CatalogUploadsController {
  constructor(
    private readonly bus: ServiceBus,
    private readonly forwarder: UploadForwarder,
  ) {}

  /** Uploads a product master CSV (raw text/csv or a multipart field file); answers 202 with the upload to follow. */
  @Post('products/uploads')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiConsumes('text/csv', 'multipart/form-data')
  uploadProducts(@Req() req: Request, @Query() options: UploadOptionsQuery, @CurrentUser() user: AuthenticatedUser) {
    return this.accept('products', req, options, user);
  }

  /** Uploads a store master CSV (raw text/csv or a multipart field file); answers 202 with the upload to follow. */
  @Post('stores/uploads')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiConsumes('text/csv', 'multipart/form-data')
  uploadStores(@Req() req: Request, @Query() options: UploadOptionsQuery, @CurrentUser() user: AuthenticatedUser) {
    return this.accept('stores', req, options, user);
  }

  /** Product uploads, newest first. */
  @Get('products/uploads')
  listProductUploads(@Query() query: PageQuery): Promise<Page<UploadView>> {
    return this.bus.send(CatalogPatterns.listUploads, { ...query, target: 'products' });
  }

  /** Store uploads, newest first. */
  @Get('stores/uploads')
  listStoreUploads(@Query() query: PageQuery): Promise<Page<UploadView>> {
    return this.bus.send(CatalogPatterns.listUploads, { ...query, target: 'stores' });
  }

  /** One master-data upload: status and row counts. */
  @Get(['products/uploads/:id', 'stores/uploads/:id'])
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<UploadView> {
    return this.bus.send(CatalogPatterns.getUpload, { id });
  }

  /** The rejected rows of a master-data upload as CSV: line, column, value, reason. */
  @Get(['products/uploads/:id/rejections.csv', 'stores/uploads/:id/rejections.csv'])
  async rejections(@Param('id', new ParseUUIDPipe()) id: string, @Res() res: Response): Promise<void> {
    await this.bus.send(CatalogPatterns.getUpload, { id }); // 404 before any byte is sent
    await writeRejectionsCsv(res, `rejections-${id}.csv`, (afterLine, limit) =>
      this.bus.send(CatalogPatterns.uploadRejections, { id, afterLine, limit }),
    );
  }

  private accept(target: CatalogUploadTarget, req: Request, options: UploadOptionsQuery, user: AuthenticatedUser): Promise<{ id: string; status: UploadStatus }> {
    return this.forwarder.accept(req, options, user, ROUTE, target);
  }
}
