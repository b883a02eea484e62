import { HolidayLocale, HolidayLocales } from '@tideline/contracts';
import { ServiceEnv } from '@tideline/server-kit';
import { IsIn, IsOptional } from 'class-validator';

export class ForecastEnv extends ServiceEnv {
  /** The built-in holidays that runs take as demand drivers (Easter, Thanksgiving…); unset: none. */
  @IsOptional()
  @IsIn(HolidayLocales)
  HOLIDAY_LOCALE?: HolidayLocale;
}
