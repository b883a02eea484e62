export * from './app-frame';
export * from './app-frame.routes';
export * from './app-info';
export * from './forbidden-page';
export * from './login-page';
export * from './provide-app-frame';
export * from './shell-page';
