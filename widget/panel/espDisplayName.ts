import type { EspNameWire } from '../../backend-lite/api/panelContract.ts';

/** Brand names: the same in every language. */
export const espDisplayName = {
  omnisend: 'Omnisend',
  moosend: 'Moosend',
  customerio: 'Customer.io',
} satisfies Record<EspNameWire, string>;
