// Deployed as it is (`bundle: false`): plain CommonJS, no imports.
exports.main = async () => ({ statusCode: 200 });
