import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CatalogPatterns,
  CodesReply,
  StoreFilter,
  CreateStoreRequest,
  ListStoresQuery,
  Page,
  ResolveCodesReply,
  ResolveCodesRequest,
  StoreKey,
  StoreView,
  TreeNode,
  UpdateStoreCommand,
} from '@tideline/contracts';
import { StoresService } from './stores.service';

@Controller()
export class StoresController {
  constructor(private readonly stores: StoresService) {}

  @MessagePattern(CatalogPatterns.listStores)
  list(@Payload() query: ListStoresQuery): Promise<Page<StoreView>> {
    const { region, cluster } = query;
    return this.stores.list(query, { region, cluster });
  }

  @MessagePattern(CatalogPatterns.getStore)
  get(@Payload() { code }: StoreKey): Promise<StoreView> {
    return this.stores.get(code);
  }

  @MessagePattern(CatalogPatterns.createStore)
  create(@Payload() request: CreateStoreRequest): Promise<StoreView> {
    return this.stores.create(request);
  }

  @MessagePattern(CatalogPatterns.updateStore)
  update(@Payload() { code, ...changes }: UpdateStoreCommand): Promise<StoreView> {
    return this.stores.update(code, changes);
  }

  @MessagePattern(CatalogPatterns.deactivateStore)
  deactivate(@Payload() { code }: StoreKey): Promise<StoreView> {
    return this.stores.deactivate(code);
  }

  @MessagePattern(CatalogPatterns.storeTree)
  tree(): Promise<TreeNode[]> {
    return this.stores.tree();
  }

  @MessagePattern(CatalogPatterns.resolveStores)
  resolve(@Payload() { codes }: ResolveCodesRequest): Promise<ResolveCodesReply> {
    return this.stores.resolve(codes);
  }

  @MessagePattern(CatalogPatterns.storeCodes)
  codes(@Payload() { region, cluster }: StoreFilter): Promise<CodesReply> {
    return this.stores.codes({ region, cluster });
  }
}
