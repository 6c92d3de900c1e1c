import { defineContentScript } from 'wxt/utils/define-content-script';
import { startCardPanels } from '../../content/cardPanels.ts';
import { kommoAccountPatterns } from '../../shared/hostPatterns.ts';

export default defineContentScript({
  matches: kommoAccountPatterns,
  runAt: 'document_idle',
  main: startCardPanels,
});
