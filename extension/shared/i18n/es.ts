import type { ExtensionText } from './en.ts';

export const es: ExtensionText = {
  connected: (account, userId) => `Conectado a la cuenta de Kommo “${account}” como usuario ${userId}.`,
  problem: {
    not_configured: {
      title: 'ESP Bridge aún no está configurado.',
      detail: 'Abre las opciones de la extensión e introduce la URL del backend y tu token personal.',
    },
    no_permission: {
      title: (origin) => `La extensión no tiene permiso para contactar con ${origin}.`,
      detail: 'Abre las opciones de la extensión, haz clic en Guardar y permite el acceso al backend.',
    },
    unreachable: {
      title: 'No se puede contactar con el backend de ESP Bridge.',
      detail: (reason) => `${reason} Revisa la URL, tu red o VPN, y que el backend esté en marcha.`,
    },
    token_unknown: {
      title: 'El backend no reconoce este token personal.',
      detail: 'Vuelve a copiar el token que te dio tu administrador de Kommo, o pide uno nuevo, y guárdalo en las opciones.',
    },
    token_revoked: {
      title: 'Tu token personal fue revocado.',
      detail: 'Pide un token personal nuevo a tu administrador de Kommo y pégalo en las opciones de la extensión.',
    },
    refused: {
      title: (status) => `El backend rechazó el token (HTTP ${status}).`,
      detail: 'Pide a tu administrador de Kommo que revise el puente.',
    },
    not_bridge: {
      title: (status) => `Esa dirección respondió HTTP ${status}, pero no como un backend de ESP Bridge.`,
      detail: 'Revisa la URL del backend: es la dirección de backend-lite, sin /api.',
    },
    wrong_account: {
      title: (tokenAccount, tabAccount) =>
        `Cuenta equivocada: este token es de “${tokenAccount}”, pero esta página es de la cuenta de Kommo “${tabAccount}”.`,
      detail: (tokenAccount, tabAccount) => `Pide un token personal a un administrador de “${tabAccount}”, o abre “${tokenAccount}” en Kommo.`,
    },
  },
  openOptions: 'Abrir las opciones de ESP Bridge',
  contactHint: {
    title: 'Abre un negocio para ver los datos de los ESP de sus contactos.',
    detail: 'El panel de ESP Bridge muestra los contactos de un negocio; los negocios de este contacto están a la izquierda.',
  },
};
