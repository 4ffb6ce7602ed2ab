// The bundle's entry. build.mjs wraps it in amoCRM's AMD module:
//   define(['jquery'], function ($) { return function () { return SalesbotAmo.createWidget(this); }; });
export { createWidget } from "./widget";
