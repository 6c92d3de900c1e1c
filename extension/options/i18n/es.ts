import { es as extensionEs } from '../../shared/i18n/es.ts';
import type { OptionsText } from './en.ts';

export const es: OptionsText = {
  ...extensionEs,
  options: {
    pageTitle: 'Kommo ESP Bridge — opciones',
    intro:
      'Muestra lo que Omnisend, Moosend y Customer.io saben de los contactos de un negocio, dentro de la ficha del negocio ' +
      'en Kommo. Los datos vienen del backend de ESP Bridge de tu empresa; tu administrador de Kommo te da su dirección y un token personal.',
    backendUrl: 'URL del backend',
    token: 'Token personal',
    save: 'Guardar',
    test: 'Probar la conexión',
    invalidUrl: 'Introduce la URL del backend, p. ej. https://bridge.example.com (http sin cifrar solo para localhost).',
    missingToken: 'Pega tu token personal (empieza por keb_); te lo da tu administrador de Kommo.',
    checking: 'Comprobando la conexión…',
    accessRefused: (origin) => `No se permitió el acceso a ${origin}.`,
    accessRefusedDetail: 'Sin él, la extensión no puede contactar con el backend. Vuelve a hacer clic y elige Permitir.',
    saved: (outcome) => `Guardado. ${outcome}`,
  },
};
