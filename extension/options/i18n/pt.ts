import { pt as extensionPt } from '../../shared/i18n/pt.ts';
import type { OptionsText } from './en.ts';

export const pt: OptionsText = {
  ...extensionPt,
  options: {
    pageTitle: 'Kommo ESP Bridge — opções',
    intro:
      'Mostra o que Omnisend, Moosend e Customer.io sabem sobre os contatos de um negócio, dentro do card do negócio no Kommo. ' +
      'Os dados vêm do backend do ESP Bridge da sua empresa; seu administrador do Kommo informa o endereço dele e um token pessoal.',
    backendUrl: 'URL do backend',
    token: 'Token pessoal',
    save: 'Salvar',
    test: 'Testar conexão',
    invalidUrl: 'Informe a URL do backend, por exemplo https://bridge.example.com (http simples só para localhost).',
    missingToken: 'Cole seu token pessoal (começa com keb_); quem o emite é seu administrador do Kommo.',
    checking: 'Verificando a conexão…',
    accessRefused: (origin) => `O acesso a ${origin} não foi permitido.`,
    accessRefusedDetail: 'Sem ele, a extensão não consegue contatar o backend. Clique de novo e escolha Permitir.',
    saved: (outcome) => `Salvo. ${outcome}`,
  },
};
