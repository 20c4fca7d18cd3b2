// Only the Pricing API's GetProducts (list prices for the cost estimate), imported lazily.
export { GetProductsCommand, PricingClient } from "@aws-sdk/client-pricing";
