// Failures that are not Error objects, as a callback-style handler can produce them: Lambda's
// Node runtime reports each with `typeof` as errorType (`callback("some text")` is "string",
// `throw 42` "number") and a promise rejected with null or undefined as the string "handled".
exports.handler = (event, context, callback) => {
  switch (JSON.parse(event.body).how) {
    case "callback-text":
      return callback("some text");
    case "throw-number":
      throw 42;
    case "reject-null":
      return Promise.reject(null);
    case "reject-undefined":
      return Promise.reject(undefined);
    case "throw-object":
      throw { code: 7 };
    case "context-fail":
      return context.fail();
    case "type-error":
      return callback(new TypeError("typed on purpose"));
  }
  callback(null, { statusCode: 200, body: "fine" });
};
