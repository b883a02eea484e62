import { bootstrapApplication } from '@angular/platform-browser';
import { AppFrame } from '@tideline/ui';
import { appConfig } from './app/app.config';

bootstrapApplication(AppFrame, appConfig).catch((err) => console.error(err));
