/** The whole system for one test file; see tools/isolated-system.js. */
export { IsolatedSystem as TestSystem } from '@tideline/isolated-system';
