import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  ALL_ROLES,
  CatalogPatterns,
  CreateStoreRequest,
  ListStoresQuery,
  Page,
  StoreView,
  Roles,
  TreeNode,
  UpdateStoreRequest,
} from '@tideline/contracts';
import { AllowRoles } from '../auth/access.decorators';
import { ServiceBus } from '../messaging/service-bus';

const MAINTAINERS = [Roles.admin, Roles.dataEngineer];

@ApiTags('catalog')
@ApiBearerAuth()
@Controller('catalog/stores')
export class StoresController {
  constructor(private readonly bus: ServiceBus) {}

  @AllowRoles(...ALL_ROLES)
  @Get()
  list(@Query() query: ListStoresQuery): Promise<Page<StoreView>> {
    return this.bus.send(CatalogPatterns.listStores, query);
  }

  /** Region › cluster, with active store counts. */
  @AllowRoles(...ALL_ROLES)
  @Get('tree')
  tree(): Promise<TreeNode[]> {
    return this.bus.send(CatalogPatterns.storeTree, {});
  }

  @AllowRoles(...ALL_ROLES)
  @Get(':code')
  get(@Param('code') code: string): Promise<StoreView> {
    return this.bus.send(CatalogPatterns.getStore, { code });
  }

  @AllowRoles(...MAINTAINERS)
  @Post()
  create(@Body() request: CreateStoreRequest): Promise<StoreView> {
    return this.bus.send(CatalogPatterns.createStore, request);
  }

  @AllowRoles(...MAINTAINERS)
  @Patch(':code')
  update(@Param('code') code: string, @Body() request: UpdateStoreRequest): Promise<StoreView> {
    return this.bus.send(CatalogPatterns.updateStore, { ...request, code });
  }

  /** Stores are never deleted: sales history keeps referring to them. */
  @AllowRoles(...MAINTAINERS)
  @Post(':code/deactivate')
  @HttpCode(HttpStatus.OK)
  deactivate(@Param('code') code: string): Promise<StoreView> {
    return this.bus.send(CatalogPatterns.deactivateStore, { code });
  }
}
