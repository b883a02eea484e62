import {
  CreateUserRequest,
  ListUsersQuery,
  LoginRequest,
  LogoutRequest,
  RefreshRequest,
  ResetPasswordCommand,
  SessionView,
  UpdateUserCommand,
  UserAdminView,
  VerifiedSession,
  VerifySessionRequest,
  AuthPatterns,
} from './auth';
import {
  CatalogPatterns,
  CatalogUploadsQuery,
  CodesReply,
  CreateProductRequest,
  ProductFilter,
  StoreFilter,
  CreateStoreRequest,
  ListProductsQuery,
  ListStoresQuery,
  ProductKey,
  ProductView,
  ResolveCodesReply,
  ResolveCodesRequest,
  StoreKey,
  StoreView,
  TreeNode,
  UpdateProductCommand,
  UpdateStoreCommand,
} from './catalog';
import { ServiceHealthView } from './health';
import { GroupedStock, GroupedTotal, GroupedTotalsRequest, HistoryReply, HistoryRequest, SalesPatterns, SalesUploadsQuery, SeriesKeysReply, SeriesKeysRequest, SeriesQuery, SeriesView, TotalsRequest } from './sales';
import {
  AccuracyQuery,
  AccuracyRow,
  CategoryClusterQuery,
  CategoryClusterWeek,
  ProductCluster,
  ProductClusterQuery,
  CreateEventCommand,
  CreateOverrideCommand,
  EventView,
  ImportEventsCommand,
  ListOutliersQuery,
  OutlierDecisionCommand,
  OutlierView,
  OutlierWorklistItem,
  ForecastPatterns,
  ForecastSeriesView,
  ListSeriesQuery,
  SeriesListItem,
  ListOverridesQuery,
  ListRunsQuery,
  OverrideView,
  RevertOverrideCommand,
  RunKey,
  RunView,
  SeriesSelector,
  StartRunCommand,
} from './forecast';
import { PlannedWeek, PlansQuery, RemovePlansQuery, SavePlanCommand, WhatIfBody, WhatIfView } from './plans';
import {
  RejectionsPage,
  RejectionsPageRequest,
  UploadAbortedMessage,
  UploadChunkMessage,
  UploadFinalizeMessage,
  UploadKey,
  UploadSealedMessage,
  UploadView,
} from './uploads';
import { Page, PageQuery } from './paging';
import {
  AssortmentQuery,
  AssortmentView,
  AuditEntry,
  BranchCommand,
  BudgetCell,
  CellChange,
  CellHistoryQuery,
  CalendarQuery,
  CalendarView,
  OpenToBuyQuery,
  OpenToBuyView,
  MerchandiseTargetsCommand,
  MerchandiseTargetsView,
  CompareQuery,
  CompareView,
  CreatePlanCommand,
  GridQuery,
  GridView,
  PlanKey,
  PlanView,
  PlanningPatterns,
  RangeHistoryQuery,
  RangeItem,
  RefreshBaselineCommand,
  SetCellCommand,
  SetRangeCommand,
  SpreadCommand,
  SpreadResult,
  StrategyCommand,
  StrategyView,
  TransitionCommand,
} from './planning';

/**
 * Request and reply type of every request/reply pattern. The gateway's typed `send()`
 * and the services' handlers both name these, so a drift is a compile error.
 */
export interface RpcContract {
  [AuthPatterns.login]: { req: LoginRequest; res: SessionView };
  [AuthPatterns.refresh]: { req: RefreshRequest; res: SessionView };
  [AuthPatterns.logout]: { req: LogoutRequest; res: { revoked: boolean } };
  [AuthPatterns.verifySession]: { req: VerifySessionRequest; res: VerifiedSession };
  [AuthPatterns.listUsers]: { req: ListUsersQuery; res: Page<UserAdminView> };
  [AuthPatterns.createUser]: { req: CreateUserRequest; res: UserAdminView };
  [AuthPatterns.updateUser]: { req: UpdateUserCommand; res: UserAdminView };
  [AuthPatterns.resetPassword]: { req: ResetPasswordCommand; res: UserAdminView };
  [CatalogPatterns.listProducts]: { req: ListProductsQuery; res: Page<ProductView> };
  [CatalogPatterns.getProduct]: { req: ProductKey; res: ProductView };
  [CatalogPatterns.createProduct]: { req: CreateProductRequest; res: ProductView };
  [CatalogPatterns.updateProduct]: { req: UpdateProductCommand; res: ProductView };
  [CatalogPatterns.deactivateProduct]: { req: ProductKey; res: ProductView };
  [CatalogPatterns.productTree]: { req: Record<string, never>; res: TreeNode[] };
  [CatalogPatterns.resolveProducts]: { req: ResolveCodesRequest; res: ResolveCodesReply };
  [CatalogPatterns.listStores]: { req: ListStoresQuery; res: Page<StoreView> };
  [CatalogPatterns.getStore]: { req: StoreKey; res: StoreView };
  [CatalogPatterns.createStore]: { req: CreateStoreRequest; res: StoreView };
  [CatalogPatterns.updateStore]: { req: UpdateStoreCommand; res: StoreView };
  [CatalogPatterns.deactivateStore]: { req: StoreKey; res: StoreView };
  [CatalogPatterns.storeTree]: { req: Record<string, never>; res: TreeNode[] };
  [CatalogPatterns.resolveStores]: { req: ResolveCodesRequest; res: ResolveCodesReply };
  [CatalogPatterns.productCodes]: { req: ProductFilter; res: CodesReply };
  [CatalogPatterns.storeCodes]: { req: StoreFilter; res: CodesReply };
  [CatalogPatterns.getUpload]: { req: UploadKey; res: UploadView };
  [CatalogPatterns.listUploads]: { req: CatalogUploadsQuery; res: Page<UploadView> };
  [CatalogPatterns.uploadRejections]: { req: RejectionsPageRequest; res: RejectionsPage };
  [SalesPatterns.getUpload]: { req: UploadKey; res: UploadView };
  [SalesPatterns.listUploads]: { req: SalesUploadsQuery; res: Page<UploadView> };
  [SalesPatterns.uploadRejections]: { req: RejectionsPageRequest; res: RejectionsPage };
  [SalesPatterns.series]: { req: SeriesQuery; res: SeriesView };
  [SalesPatterns.totals]: { req: TotalsRequest; res: SeriesView };
  [SalesPatterns.seriesKeys]: { req: SeriesKeysRequest; res: SeriesKeysReply };
  [SalesPatterns.history]: { req: HistoryRequest; res: HistoryReply };
  [SalesPatterns.groupedTotals]: { req: GroupedTotalsRequest; res: GroupedTotal[] };
  [SalesPatterns.groupedStock]: { req: GroupedTotalsRequest; res: GroupedStock[] };
  [ForecastPatterns.startRun]: { req: StartRunCommand; res: RunView };
  [ForecastPatterns.createEvent]: { req: CreateEventCommand; res: EventView };
  [ForecastPatterns.listEvents]: { req: Record<string, never>; res: EventView[] };
  [ForecastPatterns.deleteEvent]: { req: RunKey; res: EventView };
  [ForecastPatterns.whatIf]: { req: WhatIfBody; res: WhatIfView };
  [ForecastPatterns.importEvents]: { req: ImportEventsCommand; res: EventView[] };
  [ForecastPatterns.listOutliers]: { req: ListOutliersQuery; res: Page<OutlierView> };
  [ForecastPatterns.outlierWorklist]: { req: PageQuery; res: Page<OutlierWorklistItem> };
  [ForecastPatterns.decideOutlier]: { req: OutlierDecisionCommand; res: OutlierView };
  [SalesPatterns.savePlan]: { req: SavePlanCommand; res: PlannedWeek[] };
  [SalesPatterns.listPlans]: { req: PlansQuery; res: PlannedWeek[] };
  [SalesPatterns.removePlans]: { req: RemovePlansQuery; res: { removed: number } };
  [ForecastPatterns.getRun]: { req: RunKey; res: RunView };
  [ForecastPatterns.listRuns]: { req: ListRunsQuery; res: Page<RunView> };
  [ForecastPatterns.series]: { req: SeriesSelector; res: ForecastSeriesView };
  [ForecastPatterns.listSeries]: { req: ListSeriesQuery; res: Page<SeriesListItem> };
  [ForecastPatterns.createOverride]: { req: CreateOverrideCommand; res: OverrideView };
  [ForecastPatterns.listOverrides]: { req: ListOverridesQuery; res: Page<OverrideView> };
  [ForecastPatterns.revertOverride]: { req: RevertOverrideCommand; res: OverrideView };
  [ForecastPatterns.accuracy]: { req: AccuracyQuery; res: AccuracyRow[] };
  [ForecastPatterns.categoryClusterWeeks]: { req: CategoryClusterQuery; res: CategoryClusterWeek[] };
  [ForecastPatterns.productClusters]: { req: ProductClusterQuery; res: ProductCluster[] };
  [PlanningPatterns.createPlan]: { req: CreatePlanCommand; res: PlanView };
  [PlanningPatterns.listPlans]: { req: PageQuery; res: Page<PlanView> };
  [PlanningPatterns.getPlan]: { req: PlanKey; res: PlanView };
  [PlanningPatterns.transition]: { req: TransitionCommand; res: PlanView };
  [PlanningPatterns.grid]: { req: GridQuery; res: GridView };
  [PlanningPatterns.categories]: { req: PlanKey; res: string[] };
  [PlanningPatterns.setCell]: { req: SetCellCommand; res: BudgetCell };
  [PlanningPatterns.spread]: { req: SpreadCommand; res: SpreadResult };
  [PlanningPatterns.history]: { req: PlanKey; res: AuditEntry[] };
  [PlanningPatterns.refreshBaseline]: { req: RefreshBaselineCommand; res: PlanView };
  [PlanningPatterns.branch]: { req: BranchCommand; res: PlanView };
  [PlanningPatterns.compare]: { req: CompareQuery; res: CompareView };
  [PlanningPatterns.setStrategy]: { req: StrategyCommand; res: StrategyView };
  [PlanningPatterns.strategies]: { req: PlanKey; res: StrategyView[] };
  [PlanningPatterns.assortment]: { req: AssortmentQuery; res: AssortmentView };
  [PlanningPatterns.setRange]: { req: SetRangeCommand; res: RangeItem };
  [PlanningPatterns.cellHistory]: { req: CellHistoryQuery; res: CellChange[] };
  [PlanningPatterns.rangeHistory]: { req: RangeHistoryQuery; res: AuditEntry[] };
  [PlanningPatterns.calendar]: { req: CalendarQuery; res: CalendarView };
  [PlanningPatterns.openToBuy]: { req: OpenToBuyQuery; res: OpenToBuyView };
  [PlanningPatterns.merchandiseTargets]: { req: PlanKey; res: MerchandiseTargetsView[] };
  [PlanningPatterns.setMerchandiseTargets]: { req: MerchandiseTargetsCommand; res: MerchandiseTargetsView };
  'auth.health.check': { req: Record<string, never>; res: ServiceHealthView };
  'catalog.health.check': { req: Record<string, never>; res: ServiceHealthView };
  'sales.health.check': { req: Record<string, never>; res: ServiceHealthView };
  'forecast.health.check': { req: Record<string, never>; res: ServiceHealthView };
  'planning.health.check': { req: Record<string, never>; res: ServiceHealthView };
}

export type RpcPattern = keyof RpcContract;
export type RpcRequest<P extends RpcPattern> = RpcContract[P]['req'];
export type RpcReply<P extends RpcPattern> = RpcContract[P]['res'];

/** Fire-and-forget messages to a service's queue (no reply), with their payloads. */
export interface QueueMessageContract {
  [SalesPatterns.uploadChunk]: UploadChunkMessage;
  [SalesPatterns.uploadSealed]: UploadSealedMessage;
  [SalesPatterns.uploadAborted]: UploadAbortedMessage;
  [SalesPatterns.uploadFinalize]: UploadFinalizeMessage;
  [CatalogPatterns.uploadChunk]: UploadChunkMessage;
  [CatalogPatterns.uploadSealed]: UploadSealedMessage;
  [CatalogPatterns.uploadAborted]: UploadAbortedMessage;
  [CatalogPatterns.uploadFinalize]: UploadFinalizeMessage;
}

export type QueueMessagePattern = keyof QueueMessageContract;
