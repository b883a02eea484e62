import { Body, Controller, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import { CatalogPatterns, ProductLifecycle, ProductView, Roles } from '@tideline/contracts';
import { AllowRoles } from '../auth/access.decorators';
import { ServiceBus } from '../messaging/service-bus';
import { MAINTAINERS } from './products.controller';

@ApiTags('catalog')
@ApiBearerAuth()
@Controller('catalog')
export class ProductLifecyclesController {
  constructor(private readonly bus: ServiceBus) {}

  /**
   * Sets a product's like-item (the product a new one is forecast like, from `likeFrom`), its
   * discontinuation and successor; analysts set these from the Forecasting app. Fields left out stay; null clears one.
   */
  @AllowRoles(...MAINTAINERS, Roles.forecastAnalyst)
  @Put('product-lifecycles/:sku')
  setLifecycle(@Param('sku') sku: string, @Body() request: ProductLifecycle): Promise<ProductView> {
    const { likeSku, likeFrom, discontinuedOn, successorSku } = request;
    return this.bus.send(CatalogPatterns.updateProduct, { likeSku, likeFrom, discontinuedOn, successorSku, sku });
  }

  /** As above: the route before, kept for scripts written against it; left out of the OpenAPI document, where `products/{sku}/lifecycle` was ambiguous beside `products/uploads/{id}`. */
  @AllowRoles(...MAINTAINERS, Roles.forecastAnalyst)
  @ApiExcludeEndpoint()
  @Put('products/:sku/lifecycle')
  setLifecycleOnProduct(@Param('sku') sku: string, @Body() request: ProductLifecycle): Promise<ProductView> {
    return this.setLifecycle(sku, request);
  }
}
