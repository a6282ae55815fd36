// The templated API's routes: answers with the route key it was selected for.
exports.handler = async (event) => ({ statusCode: 200, body: `${event.requestContext.routeKey}:${event.body}` });
