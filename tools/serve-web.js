// Serves a built Angular app and forwards /api to the gateway, so the app calls a relative /api
// (no API URL is baked into the bundle). Usage: node tools/serve-web.js <app> <port> <gatewayUrl>
'use strict';
const express = require('express');
const path = require('node:path');
const { createProxyMiddleware } = require('http-proxy-middleware');
const { ROOT } = require('./system');

const [app, port, gateway] = process.argv.slice(2);
const root = path.join(ROOT, 'dist/apps', app, 'browser');
const server = express();
server.disable('x-powered-by');
server.use(createProxyMiddleware({ target: gateway, changeOrigin: false, pathFilter: '/api', xfwd: true }));
server.use(express.static(root, { index: 'index.html', maxAge: '1h' }));
// Client-side routes (/login, /forbidden, …) all load the app.
server.use((req, res) => res.sendFile(path.join(root, 'index.html'), { maxAge: 0 }));
const listener = server.listen(Number(port), () => console.log(`${app} on http://localhost:${port}`));
process.once('SIGTERM', () => listener.close(() => process.exit(0)));
process.once('SIGINT', () => listener.close(() => process.exit(0)));
