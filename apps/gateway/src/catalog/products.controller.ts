import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import {
  ALL_ROLES,
  CatalogPatterns,
  CreateProductRequest,
  ListProductsQuery,
  Page,
  ProductView,
  Roles,
  TreeNode,
  UpdateProductRequest,
} from '@tideline/contracts';
import { AllowRoles } from '../auth/access.decorators';
import { ServiceBus } from '../messaging/service-bus';

export const MAINTAINERS = [Roles.admin, Roles.dataEngineer];

@ApiTags('catalog')
@ApiBearerAuth()
@Controller('catalog/products')
export class ProductsController {
  constructor(private readonly bus: ServiceBus) {}

  /** Products with their category path, paged, sorted and filtered. */
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

  /** One product. */
  @AllowRoles(...ALL_ROLES)
  @Get(':sku')
  get(@Param('sku') sku: string): Promise<ProductView> {
    return this.bus.send(CatalogPatterns.getProduct, { sku });
  }

  /** Adds a product. */
  @AllowRoles(...MAINTAINERS)
  @Post()
  create(@Body() request: CreateProductRequest): Promise<ProductView> {
    return this.bus.send(CatalogPatterns.createProduct, request);
  }

  /** Changes a product (its name, hierarchy, prices), naming the version seen. */
  @AllowRoles(...MAINTAINERS)
  @Patch(':sku')
  update(@Param('sku') sku: string, @Body() request: UpdateProductRequest): Promise<ProductView> {
    return this.bus.send(CatalogPatterns.updateProduct, { ...request, sku });
  }

  /** Deactivates a product: products are never deleted, since sales history keeps referring to them. */
  @AllowRoles(...MAINTAINERS)
  @Delete(':sku')
  deactivate(@Param('sku') sku: string): Promise<ProductView> {
    return this.bus.send(CatalogPatterns.deactivateProduct, { sku });
  }

  /** Deactivates a product: the route before DELETE, kept for scripts written against it; left out of the OpenAPI document, where `{sku}/deactivate` was ambiguous beside `uploads/{id}`. */
  @AllowRoles(...MAINTAINERS)
  @ApiExcludeEndpoint()
  @Post(':sku/deactivate')
  @HttpCode(HttpStatus.OK)
  deactivateByPost(@Param('sku') sku: string): Promise<ProductView> {
    return this.deactivate(sku);
  }
}
