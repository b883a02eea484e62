import { IsOptional, IsString, Matches } from 'class-validator';
import { PageNumber, PageSize } from './numbers';

/** Query options shared by every list: `page` is 1-based, `sort` is `field` or `-field`. */
export class PageQuery {
  @PageNumber()
  page?: number;

  @PageSize()
  pageSize?: number;

  @IsOptional()
  @IsString()
  @Matches(/^-?[a-zA-Z]+$/, { message: 'sort must be a field name, optionally prefixed by -' })
  sort?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}
