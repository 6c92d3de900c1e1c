import type { ExtensionText } from './en.ts';

export const pt: ExtensionText = {
  connected: (account, userId) => `Conectado à conta do Kommo “${account}” como usuário ${userId}.`,
  problem: {
    not_configured: {
      title: 'O ESP Bridge ainda não está configurado.',
      detail: 'Abra as opções da extensão e informe a URL do backend e seu token pessoal.',
    },
    no_permission: {
      title: (origin) => `A extensão não tem permissão para contatar ${origin}.`,
      detail: 'Abra as opções da extensão, clique em Salvar e permita o acesso ao backend.',
    },
    unreachable: {
      title: 'Não foi possível contatar o backend do ESP Bridge.',
      detail: (reason) => `${reason} Verifique a URL, sua rede ou VPN e se o backend está em execução.`,
    },
    token_unknown: {
      title: 'O backend não reconhece este token pessoal.',
      detail: 'Copie de novo o token que seu administrador do Kommo enviou, ou peça um novo, e salve-o nas opções.',
    },
    token_revoked: {
      title: 'Seu token pessoal foi revogado.',
      detail: 'Peça um novo token pessoal ao seu administrador do Kommo e cole-o nas opções da extensão.',
    },
    refused: {
      title: (status) => `O backend recusou o token (HTTP ${status}).`,
      detail: 'Peça ao seu administrador do Kommo para verificar a ponte.',
    },
    not_bridge: {
      title: (status) => `Esse endereço respondeu HTTP ${status}, mas não como um backend do ESP Bridge.`,
      detail: 'Verifique a URL do backend: é o endereço do backend-lite, sem /api.',
    },
    wrong_account: {
      title: (tokenAccount, tabAccount) =>
        `Conta errada: este token é de “${tokenAccount}”, mas esta página é da conta do Kommo “${tabAccount}”.`,
      detail: (tokenAccount, tabAccount) => `Peça um token pessoal a um administrador de “${tabAccount}” ou abra “${tokenAccount}” no Kommo.`,
    },
  },
  openOptions: 'Abrir as opções do ESP Bridge',
  contactHint: {
    title: 'Abra um negócio para ver os dados dos ESPs dos contatos dele.',
    detail: 'O painel do ESP Bridge mostra os contatos de um negócio; os negócios deste contato estão listados à esquerda.',
  },
};
