import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  ALL_ROLES,
  CatalogPatterns,
  CreateProductRequest,
  ListProductsQuery,
  Page,
  ProductLifecycle,
  ProductView,
  Roles,
  TreeNode,
  UpdateProductRequest,
} from '@tideline/contracts';
import { AllowRoles } from '../auth/access.decorators';
import { ServiceBus } from '../messaging/service-bus';

const MAINTAINERS = [Roles.admin, Roles.dataEngineer];

@ApiTags('catalog')
@ApiBearerAuth()
@Controller('catalog/products')
export class ProductsController {
  constructor(private readonly bus: ServiceBus) {}

  @AllowRoles(...ALL_ROLES)
  @Get()
  list(@Query() query: ListProductsQuery): Promise<Page<ProductView>> {
    return this.bus.send(CatalogPatterns.listProducts, query);
  }

  /** Department › category › subcategory, with active product counts. */
  @AllowRoles(...ALL_ROLES)
  @Get('tree')
  tree(): Promise<TreeNode[]> {
    return this.bus.send(CatalogPatterns.productTree, {});
  }

  @AllowRoles(...ALL_ROLES)
  @Get(':sku')
  get(@Param('sku') sku: string): Promise<ProductView> {
    return this.bus.send(CatalogPatterns.getProduct, { sku });
  }

  @AllowRoles(...MAINTAINERS)
  @Post()
  create(@Body() request: CreateProductRequest): Promise<ProductView> {
    return this.bus.send(CatalogPatterns.createProduct, request);
  }

  @AllowRoles(...MAINTAINERS)
  @Patch(':sku')
  update(@Param('sku') sku: string, @Body() request: UpdateProductRequest): Promise<ProductView> {
    return this.bus.send(CatalogPatterns.updateProduct, { ...request, sku });
  }

  /**
   * A product's like-item (the product a new one is forecast like, from `likeFrom`), its
   * discontinuation and successor: set from the Forecasting app by analysts too. Fields left out stay; null clears one.
   */
  @AllowRoles(...MAINTAINERS, Roles.forecastAnalyst)
  @Put(':sku/lifecycle')
  setLifecycle(@Param('sku') sku: string, @Body() request: ProductLifecycle): Promise<ProductView> {
    const { likeSku, likeFrom, discontinuedOn, successorSku } = request;
    return this.bus.send(CatalogPatterns.updateProduct, { likeSku, likeFrom, discontinuedOn, successorSku, sku });
  }

  /** Products are never deleted: sales history keeps referring to them. */
  @AllowRoles(...MAINTAINERS)
  @Post(':sku/deactivate')
  @HttpCode(HttpStatus.OK)
  deactivate(@Param('sku') sku: string): Promise<ProductView> {
    return this.bus.send(CatalogPatterns.deactivateProduct, { sku });
  }
}
