export * from './file-drop';
