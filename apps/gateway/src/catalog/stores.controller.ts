import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
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

  /** Stores with their region and cluster, paged, sorted and filtered. */
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

  /** One store. */
  @AllowRoles(...ALL_ROLES)
  @Get(':code')
  get(@Param('code') code: string): Promise<StoreView> {
    return this.bus.send(CatalogPatterns.getStore, { code });
  }

  /** Adds a store. */
  @AllowRoles(...MAINTAINERS)
  @Post()
  create(@Body() request: CreateStoreRequest): Promise<StoreView> {
    return this.bus.send(CatalogPatterns.createStore, request);
  }

  /** Changes a store (its name, region, cluster, dates), naming the version seen. */
  @AllowRoles(...MAINTAINERS)
  @Patch(':code')
  update(@Param('code') code: string, @Body() request: UpdateStoreRequest): Promise<StoreView> {
    return this.bus.send(CatalogPatterns.updateStore, { ...request, code });
  }

  /** Deactivates a store: stores are never deleted, since sales history keeps referring to them. */
  @AllowRoles(...MAINTAINERS)
  @Delete(':code')
  deactivate(@Param('code') code: string): Promise<StoreView> {
    return this.bus.send(CatalogPatterns.deactivateStore, { code });
  }

  /** Deactivates a store: the route before DELETE, kept for scripts written against it; left out of the OpenAPI document, where `{code}/deactivate` was ambiguous beside `uploads/{id}`. */
  @AllowRoles(...MAINTAINERS)
  @ApiExcludeEndpoint()
  @Post(':code/deactivate')
  @HttpCode(HttpStatus.OK)
  deactivateByPost(@Param('code') code: string): Promise<StoreView> {
    return this.deactivate(code);
  }
}
