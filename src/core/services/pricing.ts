// The pricing service a hosting handler offers to skills: on-demand list prices from the provider's
// price list, for the instance types a plan provisions. Skills depend on this interface, never on an SDK client.

export interface Ec2PriceQuery {
  instanceType: string;
  region: string;
}

export interface RdsPriceQuery {
  instanceClass: string;
  region: string;
  /** The Terraform engine value (mysql, postgres, mariadb, aurora-postgresql, …). */
  engine: string;
  multiAz: boolean;
}

export interface PricingService {
  readonly service: "pricing";
  /** USD per hour, Linux, shared tenancy, on demand; undefined when the price list has no such product. */
  ec2Hourly(query: Ec2PriceQuery): Promise<number | undefined>;
  /** USD per hour for the instance (storage excluded), on demand; undefined when not listed. */
  rdsHourly(query: RdsPriceQuery): Promise<number | undefined>;
}
