import { BadRequestException, Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import {
  ALL_ROLES,
  PageQuery,
  Page,
  Roles,
  SalesPatterns,
  SeriesQuery,
  SeriesView,
  TotalsQuery,
  CatalogPatterns,
  CodesReply,
  ErrorCodes,
  SALES_PLANS_TARGET,
  SALES_STOCK_TARGET,
  SALES_ORDERS_TARGET,
  PlannedPromotion,
  PlannedWeek,
  PlansQuery,
  RemovePlansQuery,
  UploadOptionsQuery,
  UploadStatus,
  UploadView,
} from '@tideline/contracts';
import type { Request, Response } from 'express';
import { AllowRoles } from '../auth/access.decorators';
import { AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import { ServiceBus } from '../messaging/service-bus';
import { UploadForwarder, UploadRoute } from '../uploads/upload-forwarder';
import { writeRejectionsCsv } from '../uploads/rejections-csv';

const UPLOADERS = [Roles.admin, Roles.dataEngineer];
const UPLOAD_READERS = [Roles.admin, Roles.dataEngineer, Roles.forecastAnalyst];
/** Analysts plan promotions too, not only the data team. */
const PLANNERS = [Roles.admin, Roles.dataEngineer, Roles.forecastAnalyst];
const ROUTE: UploadRoute = { chunk: SalesPatterns.uploadChunk, sealed: SalesPatterns.uploadSealed, aborted: SalesPatterns.uploadAborted };

@ApiTags('sales')
@ApiBearerAuth()
@Controller('sales')
export class SalesController {
  constructor(
    private readonly bus: ServiceBus,
    private readonly forwarder: UploadForwarder,
  ) {}

  /** A weekly sales CSV, as a raw text/csv body or a multipart field `file`; 202 once it is safely queued. */
  @AllowRoles(...UPLOADERS)
  @Post('uploads')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiConsumes('text/csv', 'multipart/form-data')
  async upload(
    @Req() req: Request,
    @Query() options: UploadOptionsQuery,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<{ id: string; status: UploadStatus }> {
    return this.forwarder.accept(req, options, user, ROUTE);
  }

  /**
   * Planned drivers of weeks ahead, CSV `week,store,sku[,price][,promo][,<driver>…]` (store `*`:
   * every store), through the same pipeline as sales uploads; a row replaces the plan of its week,
   * store and SKU. The next forecast run uses them.
   */
  @AllowRoles(...PLANNERS)
  @Post('plans/uploads')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiConsumes('text/csv', 'multipart/form-data')
  uploadPlans(@Req() req: Request, @Query() options: UploadOptionsQuery, @CurrentUser() user: AuthenticatedUser): Promise<{ id: string; status: UploadStatus }> {
    return this.forwarder.accept(req, options, user, ROUTE, SALES_PLANS_TARGET);
  }

  /**
   * Stock on hand, CSV `week,store,sku,on_hand` (units at the week's end), through the same pipeline
   * and rejection rules as sales uploads; a row replaces the stock of its week, store and SKU.
   */
  @AllowRoles(...UPLOADERS)
  @Post('stock/uploads')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiConsumes('text/csv', 'multipart/form-data')
  uploadStock(@Req() req: Request, @Query() options: UploadOptionsQuery, @CurrentUser() user: AuthenticatedUser): Promise<{ id: string; status: UploadStatus }> {
    return this.forwarder.accept(req, options, user, ROUTE, SALES_STOCK_TARGET);
  }

  /** Stock uploads, newest first. */
  @AllowRoles(...UPLOAD_READERS)
  @Get('stock/uploads')
  listStock(@Query() query: PageQuery): Promise<Page<UploadView>> {
    return this.bus.send(SalesPatterns.listUploads, { ...query, target: SALES_STOCK_TARGET });
  }

  /**
   * Purchase orders, CSV `order,sku,store,due_week,units,cost` (cost: the line's total), through the
   * same pipeline and rejection rules as sales uploads; a line replaces the one of its order, store
   * and SKU (its due week may move).
   */
  @AllowRoles(...UPLOADERS)
  @Post('orders/uploads')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiConsumes('text/csv', 'multipart/form-data')
  uploadOrders(@Req() req: Request, @Query() options: UploadOptionsQuery, @CurrentUser() user: AuthenticatedUser): Promise<{ id: string; status: UploadStatus }> {
    return this.forwarder.accept(req, options, user, ROUTE, SALES_ORDERS_TARGET);
  }

  /** Purchase order uploads, newest first. */
  @AllowRoles(...UPLOAD_READERS)
  @Get('orders/uploads')
  listOrders(@Query() query: PageQuery): Promise<Page<UploadView>> {
    return this.bus.send(SalesPatterns.listUploads, { ...query, target: SALES_ORDERS_TARGET });
  }

  /** A planned promotion entered in the app: its weeks from `from` to `to` in the stores (none: the chain), replacing what was planned there. */
  @AllowRoles(...PLANNERS)
  @Put('plans')
  savePlan(@Body() body: PlannedPromotion, @CurrentUser() user: AuthenticatedUser): Promise<PlannedWeek[]> {
    return this.bus.send(SalesPatterns.savePlan, { ...body, actor: user.email });
  }

  /** The planned weeks of a SKU (in a store: its own and the chain's), from `from` on. */
  @AllowRoles(...ALL_ROLES)
  @Get('plans')
  listPlanned(@Query() query: PlansQuery): Promise<PlannedWeek[]> {
    return this.bus.send(SalesPatterns.listPlans, query);
  }

  /** Removes planned prices and promotions of a product (and store) from some week on. */
  @AllowRoles(...PLANNERS)
  @Delete('plans')
  removePlanned(@Query() query: RemovePlansQuery): Promise<{ removed: number }> {
    return this.bus.send(SalesPatterns.removePlans, query);
  }

  /** Planned-driver uploads, newest first. */
  @AllowRoles(...UPLOAD_READERS)
  @Get('plans/uploads')
  listPlans(@Query() query: PageQuery): Promise<Page<UploadView>> {
    return this.bus.send(SalesPatterns.listUploads, { ...query, target: SALES_PLANS_TARGET });
  }

  /** Sales uploads, newest first. */
  @AllowRoles(...UPLOAD_READERS)
  @Get('uploads')
  list(@Query() query: PageQuery): Promise<Page<UploadView>> {
    return this.bus.send(SalesPatterns.listUploads, query);
  }

  /** One sales, planned-driver, stock or purchase order upload: status and row counts. */
  @AllowRoles(...UPLOAD_READERS)
  @Get(['uploads/:id', 'plans/uploads/:id', 'stock/uploads/:id', 'orders/uploads/:id'])
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<UploadView> {
    return this.bus.send(SalesPatterns.getUpload, { id });
  }

  /** Every rejected row as `line,column,value,reason`, streamed page by page. */
  @AllowRoles(...UPLOAD_READERS)
  @Get(['uploads/:id/rejections.csv', 'plans/uploads/:id/rejections.csv', 'stock/uploads/:id/rejections.csv', 'orders/uploads/:id/rejections.csv'])
  async rejections(@Param('id', new ParseUUIDPipe()) id: string, @Res() res: Response): Promise<void> {
    await this.bus.send(SalesPatterns.getUpload, { id }); // 404 before any byte is sent
    await writeRejectionsCsv(res, `rejections-${id}.csv`, (afterLine, limit) =>
      this.bus.send(SalesPatterns.uploadRejections, { id, afterLine, limit }),
    );
  }

  /** Weekly sales of a product in a store: units and revenue by week. */
  @AllowRoles(...ALL_ROLES)
  @Get('series')
  series(@Query() query: SeriesQuery): Promise<SeriesView> {
    return this.bus.send(SalesPatterns.series, query);
  }

  /**
   * Weekly totals of the whole chain, or of a part of it by product hierarchy (department,
   * category, subcategory, brand) and store hierarchy (region, cluster). The catalog names the
   * SKUs and stores; the sales service sums them.
   */
  @AllowRoles(...ALL_ROLES)
  @Get('totals')
  async totals(@Query() query: TotalsQuery): Promise<SeriesView> {
    const { department, category, subcategory, brand, region, cluster, from, to } = query;
    const byProduct = [department, category, subcategory, brand].some((v) => v !== undefined);
    const byStore = region !== undefined || cluster !== undefined;
    const skus = byProduct ? this.codes(await this.bus.send(CatalogPatterns.productCodes, { department, category, subcategory, brand }), 'product') : undefined;
    const stores = byStore ? this.codes(await this.bus.send(CatalogPatterns.storeCodes, { region, cluster }), 'store') : undefined;
    if (skus?.length === 0 || stores?.length === 0) return { points: [] };
    return this.bus.send(SalesPatterns.totals, { skus, stores, from, to });
  }

  private codes(reply: CodesReply, what: string): string[] {
    if (reply.tooMany) {
      throw new BadRequestException({ code: ErrorCodes.validationFailed, message: `The ${what} filter matches too many ${what}s; narrow it` });
    }
    return reply.codes;
  }
}
