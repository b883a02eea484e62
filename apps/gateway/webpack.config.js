const nodeAppConfig = require('../../tools/webpack/node-app.config');

module.exports = nodeAppConfig(__dirname, {
  // Derives the OpenAPI schemas from the DTO classes and their class-validator rules.
  transformers: [{ name: '@nestjs/swagger/plugin', options: { classValidatorShim: true, introspectComments: true } }],
});
