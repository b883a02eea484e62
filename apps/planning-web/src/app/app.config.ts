import { ApplicationConfig } from '@angular/core';
import { provideAppFrame } from '@tideline/ui';
import { APP_INFO } from './app-info';

export const appConfig: ApplicationConfig = {
  providers: [provideAppFrame(APP_INFO)],
};
