import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CatalogPatterns,
  CodesReply,
  ProductFilter,
  CreateProductRequest,
  ListProductsQuery,
  Page,
  ProductKey,
  ProductView,
  ResolveCodesReply,
  ResolveCodesRequest,
  TreeNode,
  UpdateProductCommand,
} from '@tideline/contracts';
import { ProductsService } from './products.service';

@Controller()
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @MessagePattern(CatalogPatterns.listProducts)
  list(@Payload() query: ListProductsQuery): Promise<Page<ProductView>> {
    const { department, category, subcategory, brand } = query;
    return this.products.list(query, { department, category, subcategory, brand });
  }

  @MessagePattern(CatalogPatterns.getProduct)
  get(@Payload() { sku }: ProductKey): Promise<ProductView> {
    return this.products.get(sku);
  }

  @MessagePattern(CatalogPatterns.createProduct)
  create(@Payload() request: CreateProductRequest): Promise<ProductView> {
    return this.products.create(request);
  }

  @MessagePattern(CatalogPatterns.updateProduct)
  update(@Payload() { sku, ...changes }: UpdateProductCommand): Promise<ProductView> {
    return this.products.update(sku, changes);
  }

  @MessagePattern(CatalogPatterns.deactivateProduct)
  deactivate(@Payload() { sku }: ProductKey): Promise<ProductView> {
    return this.products.deactivate(sku);
  }

  @MessagePattern(CatalogPatterns.productTree)
  tree(): Promise<TreeNode[]> {
    return this.products.tree();
  }

  @MessagePattern(CatalogPatterns.resolveProducts)
  resolve(@Payload() { codes }: ResolveCodesRequest): Promise<ResolveCodesReply> {
    return this.products.resolve(codes);
  }

  @MessagePattern(CatalogPatterns.productCodes)
  codes(@Payload() { department, category, subcategory, brand }: ProductFilter): Promise<CodesReply> {
    return this.products.codes({ department, category, subcategory, brand });
  }
}
