import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import {
  AccuracyQuery,
  AccuracyRow,
  CreateOverrideBody,
  EventBody,
  EventView,
  ForecastPatterns,
  ForecastSeriesView,
  ListOverridesQuery,
  MAX_EVENTS_CSV,
  ListSeriesQuery,
  ListRunsQuery,
  ListOutliersQuery,
  OutlierDecisionBody,
  OutlierView,
  OutlierWorklistItem,
  OverrideView,
  Page,
  PageQuery,
  Roles,
  RunView,
  SeriesListItem,
  SeriesSelector,
  StartRunBody,
  WhatIfBody,
  WhatIfView,
} from '@tideline/contracts';
import { AllowRoles } from '../auth/access.decorators';
import { AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import { ServiceBus } from '../messaging/service-bus';
import { readSmallUpload } from '../uploads/upload-source';

/** Analysts and admins change forecasts; category managers read them. */
const FORECASTERS = [Roles.admin, Roles.forecastAnalyst];
const FORECAST_READERS = [Roles.admin, Roles.forecastAnalyst, Roles.categoryManager];
/** A what-if forecasts its series twice: up to 500 stores of a SKU take seconds, not milliseconds. */
const WHAT_IF_TIMEOUT_MS = 30_000;

@ApiTags('forecast')
@ApiBearerAuth()
@Controller('forecast')
export class ForecastController {
  constructor(private readonly bus: ServiceBus) {}

  /** Starts a run over a scope (no filter = every series); 202 with the queued run. */
  @AllowRoles(...FORECASTERS)
  @Post('runs')
  @HttpCode(HttpStatus.ACCEPTED)
  startRun(@Body() body: StartRunBody, @CurrentUser() user: AuthenticatedUser): Promise<RunView> {
    return this.bus.send(ForecastPatterns.startRun, { ...body, requestedBy: user.email });
  }

  /** Forecast runs, newest first, with status and progress. */
  @AllowRoles(...FORECAST_READERS)
  @Get('runs')
  listRuns(@Query() query: ListRunsQuery): Promise<Page<RunView>> {
    return this.bus.send(ForecastPatterns.listRuns, query);
  }

  /** One forecast run: status, progress and what it covered. */
  @AllowRoles(...FORECAST_READERS)
  @Get('runs/:id')
  getRun(@Param('id', new ParseUUIDPipe()) id: string): Promise<RunView> {
    return this.bus.send(ForecastPatterns.getRun, { id });
  }

  /** The single series of a selection with their demand pattern and model, hardest backtest first. */
  @AllowRoles(...FORECAST_READERS)
  @Get('series/list')
  listSeries(@Query() query: ListSeriesQuery): Promise<Page<SeriesListItem>> {
    return this.bus.send(ForecastPatterns.listSeries, query);
  }

  /** One SKU × store (both given), or the sum of the series the filters select; no filter = the chain. */
  @AllowRoles(...FORECAST_READERS)
  @Get('series')
  series(@Query() selector: SeriesSelector): Promise<ForecastSeriesView> {
    return this.bus.send(ForecastPatterns.series, selector);
  }

  /** The forecast of a SKU in some stores with and without a planned promotion; nothing is saved (PUT /api/sales/plans saves it). */
  @AllowRoles(...FORECAST_READERS)
  @Post('what-if')
  @HttpCode(HttpStatus.OK)
  whatIf(@Body() body: WhatIfBody): Promise<WhatIfView> {
    return this.bus.send(ForecastPatterns.whatIf, body, WHAT_IF_TIMEOUT_MS);
  }

  /** A custom event in some weeks (chain, region or store): a demand driver of the next runs, by its name. */
  @AllowRoles(...FORECASTERS)
  @Post('events')
  createEvent(@Body() body: EventBody, @CurrentUser() user: AuthenticatedUser): Promise<EventView> {
    return this.bus.send(ForecastPatterns.createEvent, { ...body, actor: user.email });
  }

  /** An events file, `name,week[,region][,store]`: all or nothing, bad rows named by line and column. */
  @AllowRoles(...FORECASTERS)
  @Post('events/uploads')
  @ApiConsumes('text/csv', 'multipart/form-data')
  async importEvents(@Req() req: Request, @CurrentUser() user: AuthenticatedUser): Promise<EventView[]> {
    const csv = await readSmallUpload(req, MAX_EVENTS_CSV);
    return this.bus.send(ForecastPatterns.importEvents, { csv, actor: user.email });
  }

  /** Custom events (store, region or chain) that forecasts take as drivers. */
  @AllowRoles(...FORECAST_READERS)
  @Get('events')
  listEvents(): Promise<EventView[]> {
    return this.bus.send(ForecastPatterns.listEvents, {});
  }

  /** Removes a custom event; the next run no longer takes it. */
  @AllowRoles(...FORECASTERS)
  @Delete('events/:id')
  deleteEvent(@Param('id', new ParseUUIDPipe()) id: string): Promise<EventView> {
    return this.bus.send(ForecastPatterns.deleteEvent, { id });
  }

  /** Weeks the runs found far outside their series' noise, corrected for fitting unless rejected. */
  @AllowRoles(...FORECAST_READERS)
  @Get('outliers')
  listOutliers(@Query() query: ListOutliersQuery): Promise<Page<OutlierView>> {
    return this.bus.send(ForecastPatterns.listOutliers, query);
  }

  /** The series with the most corrected weeks first: where an analyst's look pays most. */
  @AllowRoles(...FORECAST_READERS)
  @Get('outliers/worklist')
  outlierWorklist(@Query() query: PageQuery): Promise<Page<OutlierWorklistItem>> {
    return this.bus.send(ForecastPatterns.outlierWorklist, query);
  }

  /** Accepts or rejects the correction of one week; later runs follow the decision. */
  @AllowRoles(...FORECASTERS)
  @Put('outliers/decision')
  decideOutlier(@Body() body: OutlierDecisionBody, @CurrentUser() user: AuthenticatedUser): Promise<OutlierView> {
    return this.bus.send(ForecastPatterns.decideOutlier, { ...body, actor: user.email });
  }

  /** Overrides the final forecast of a selection and weeks, by value, percent or units, with a reason. */
  @AllowRoles(...FORECASTERS)
  @Post('overrides')
  createOverride(@Body() body: CreateOverrideBody, @CurrentUser() user: AuthenticatedUser): Promise<OverrideView> {
    return this.bus.send(ForecastPatterns.createOverride, { ...body, actor: user.email });
  }

  /** The override layers that touched the selection, newest first. */
  @AllowRoles(...FORECAST_READERS)
  @Get('overrides')
  listOverrides(@Query() query: ListOverridesQuery): Promise<Page<OverrideView>> {
    return this.bus.send(ForecastPatterns.listOverrides, query);
  }

  /** Takes an override back: the final forecast returns to what it was without it. */
  @AllowRoles(...FORECASTERS)
  @Post('overrides/:id/revert')
  @HttpCode(HttpStatus.OK)
  revertOverride(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthenticatedUser): Promise<OverrideView> {
    return this.bus.send(ForecastPatterns.revertOverride, { id, actor: user.email, roles: [...user.roles] });
  }

  /** WAPE, bias and MASE of the statistical, final and seasonal-naive forecasts, and the value each step added. */
  @AllowRoles(...FORECAST_READERS)
  @Get('accuracy')
  accuracy(@Query() query: AccuracyQuery): Promise<AccuracyRow[]> {
    return this.bus.send(ForecastPatterns.accuracy, query);
  }
}
