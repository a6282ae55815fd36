// $connect: runs once the JWT authorizer accepted the token.
export const main = async () => ({ statusCode: 200 });
