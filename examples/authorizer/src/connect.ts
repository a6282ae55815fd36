// $connect: runs once the authorizer let the client in.
export const main = async () => ({ statusCode: 200 });
