import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import {
  AccuracyQuery,
  AccuracyRow,
  BatchIngestedEvent,
  CatalogEvents,
  CategoryClusterQuery,
  CategoryClusterWeek,
  ProductCluster,
  ProductClusterQuery,
  ComputeChunkMessage,
  CreateEventCommand,
  CreateOverrideCommand,
  EventView,
  ImportEventsCommand,
  ForecastPatterns,
  ForecastSeriesView,
  ForecastWork,
  ListOverridesQuery,
  ListSeriesQuery,
  ListRunsQuery,
  OverrideView,
  Page,
  PlanRunMessage,
  RevertOverrideCommand,
  RunKey,
  RunView,
  SalesEvents,
  SeriesListItem,
  SeriesSelector,
  StartRunCommand,
  WhatIfBody,
  WhatIfView,
  ListOutliersQuery,
  OutlierDecisionCommand,
  OutlierView,
  OutlierWorklistItem,
  PageQuery,
} from '@tideline/contracts';
import { DELIVERY_LIMIT, Outbox, isLastDelivery, runOnce } from '@tideline/server-kit';
import type { ConsumeMessage } from 'amqplib';
import { DataSource } from 'typeorm';
import { AccuracyTracker } from './accuracy/accuracy-tracker.service';
import { CatalogMirror } from './catalog/catalog-mirror';
import { EventsService } from './events/events.service';
import { WhatIfService } from './what-if/what-if.service';
import { OverridesService } from './overrides/overrides.service';
import { ChunkWorker } from './runs/chunk-worker.service';
import { RunPlanner } from './runs/run-planner.service';
import { SeriesQuery } from './series/series-query.service';
import { OutliersService } from './outliers/outliers.service';

/** Every message the forecast service handles: requests, the sales event it follows, and its own work. */
@Controller()
export class ForecastController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly planner: RunPlanner,
    private readonly worker: ChunkWorker,
    private readonly seriesQuery: SeriesQuery,
    private readonly overrides: OverridesService,
    private readonly accuracy: AccuracyTracker,
    private readonly mirror: CatalogMirror,
    private readonly events: EventsService,
    private readonly whatIfs: WhatIfService,
    private readonly outliers: OutliersService,
  ) {}

  @MessagePattern(ForecastPatterns.listOutliers)
  listOutliers(@Payload() query: ListOutliersQuery): Promise<Page<OutlierView>> {
    return this.outliers.list(query);
  }

  @MessagePattern(ForecastPatterns.outlierWorklist)
  outlierWorklist(@Payload() query: PageQuery): Promise<Page<OutlierWorklistItem>> {
    return this.outliers.worklist(query);
  }

  @MessagePattern(ForecastPatterns.decideOutlier)
  decideOutlier(@Payload() command: OutlierDecisionCommand, @Ctx() context: RmqContext): Promise<OutlierView> {
    return runOnce(this.dataSource, context, (m) => this.outliers.decide(command, m), { request: command });
  }

  @MessagePattern(ForecastPatterns.createEvent)
  createEvent(@Payload() command: CreateEventCommand, @Ctx() context: RmqContext): Promise<EventView> {
    return runOnce(this.dataSource, context, (m) => this.events.create(command, m), { request: command });
  }

  @MessagePattern(ForecastPatterns.whatIf)
  whatIf(@Payload() body: WhatIfBody): Promise<WhatIfView> {
    return this.whatIfs.run(body);
  }

  @MessagePattern(ForecastPatterns.importEvents)
  importEvents(@Payload() command: ImportEventsCommand, @Ctx() context: RmqContext): Promise<EventView[]> {
    return runOnce(this.dataSource, context, (m) => this.events.importCsv(command, m), { request: command });
  }

  @MessagePattern(ForecastPatterns.listEvents)
  listEvents(): Promise<EventView[]> {
    return this.events.list();
  }

  @MessagePattern(ForecastPatterns.deleteEvent)
  deleteEvent(@Payload() { id }: RunKey, @Ctx() context: RmqContext): Promise<EventView> {
    return runOnce(this.dataSource, context, (m) => this.events.remove(id, m), { request: { id } });
  }

  // The patterns that create or change something run once per message (runOnce), so a client's
  // retry with the same Idempotency-Key gets the first answer instead of a second effect.
  @MessagePattern(ForecastPatterns.startRun)
  async startRun(@Payload() command: StartRunCommand, @Ctx() context: RmqContext): Promise<RunView> {
    const run = await runOnce(this.dataSource, context, () => this.planner.start(command), { request: command });
    void this.outbox.flush();
    return run;
  }

  @MessagePattern(ForecastPatterns.getRun)
  getRun(@Payload() { id }: RunKey): Promise<RunView> {
    return this.planner.get(id);
  }

  @MessagePattern(ForecastPatterns.listRuns)
  listRuns(@Payload() query: ListRunsQuery): Promise<Page<RunView>> {
    return this.planner.list(query);
  }

  @MessagePattern(ForecastPatterns.series)
  series(@Payload() selector: SeriesSelector): Promise<ForecastSeriesView> {
    return this.seriesQuery.get(selector);
  }

  @MessagePattern(ForecastPatterns.listSeries)
  listSeries(@Payload() query: ListSeriesQuery): Promise<Page<SeriesListItem>> {
    return this.seriesQuery.list(query);
  }

  @MessagePattern(ForecastPatterns.categoryClusterWeeks)
  categoryClusterWeeks(@Payload() query: CategoryClusterQuery): Promise<CategoryClusterWeek[]> {
    return this.seriesQuery.categoryClusterWeeks(query);
  }

  @MessagePattern(ForecastPatterns.productClusters)
  productClusters(@Payload() query: ProductClusterQuery): Promise<ProductCluster[]> {
    return this.seriesQuery.productClusters(query);
  }

  @MessagePattern(ForecastPatterns.createOverride)
  createOverride(@Payload() command: CreateOverrideCommand, @Ctx() context: RmqContext): Promise<OverrideView> {
    return runOnce(this.dataSource, context, () => this.overrides.create(command), { request: command });
  }

  @MessagePattern(ForecastPatterns.listOverrides)
  listOverrides(@Payload() query: ListOverridesQuery): Promise<Page<OverrideView>> {
    return this.overrides.list(query);
  }

  @MessagePattern(ForecastPatterns.revertOverride)
  revertOverride(@Payload() command: RevertOverrideCommand, @Ctx() context: RmqContext): Promise<OverrideView> {
    return runOnce(this.dataSource, context, () => this.overrides.revert(command), { request: command });
  }

  @MessagePattern(ForecastPatterns.accuracy)
  accuracySummary(@Payload() query: AccuracyQuery): Promise<AccuracyRow[]> {
    return this.accuracy.summarize(query);
  }

  /** New actuals: measure the forecasts made for their weeks, then forecast every series from the new last week. */
  @EventPattern(SalesEvents.batchIngested)
  async batchIngested(@Payload() event: BatchIngestedEvent, @Ctx() context: RmqContext): Promise<void> {
    await runOnce(this.dataSource, context, (m) => this.planner.startForUpload(m, event));
    void this.outbox.flush();
  }

  /** The catalog changed: refresh the attributes aggregates group by (a failure is retried by redelivery). */
  @EventPattern([CatalogEvents.productChanged, CatalogEvents.storeChanged, CatalogEvents.recordsImported])
  catalogChanged(): Promise<void> {
    return this.mirror.refreshSoon();
  }

  @EventPattern(ForecastWork.planRun)
  planRun(@Payload() { runId }: PlanRunMessage): Promise<void> {
    return this.planner.plan(runId);
  }

  /** A chunk that fails every delivery fails its run with the reason, rather than leaving it running forever. */
  @EventPattern(ForecastWork.computeChunk)
  async computeChunk(@Payload() message: ComputeChunkMessage, @Ctx() context: RmqContext): Promise<void> {
    try {
      await this.worker.compute(message);
    } catch (error) {
      if (!isLastDelivery((context.getMessage() as ConsumeMessage).properties.headers)) throw error;
      await this.planner.fail(message.runId, `Chunk ${message.seq} failed ${DELIVERY_LIMIT} times: ${(error as Error).message}`);
    }
  }
}
