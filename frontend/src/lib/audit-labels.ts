/**
 * Plain words for the audit log's action and resource codes. The filters offer these; entries
 * with a code not listed here (the API may add some) show the code itself, humanised.
 */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  login: 'Signed in',
  login_failed: 'Sign-in failed',
  logout: 'Signed out',
  password_reset: 'Password reset',
  invitation_accepted: 'Invitation accepted',
  refresh_token_reuse: 'Session revoked (token reuse)',
  team_member_invite: 'Member invited',
  team_member_update: 'Member updated',
  team_member_deactivate: 'Member deactivated',
  api_key_create: 'API key created',
  api_key_revoke: 'API key revoked',
  agency_create: 'Agency created',
  agency_update: 'Agency updated',
  agency_webhook_secret_rotate: 'Webhook secret rotated',
};

export const AUDIT_RESOURCE_LABELS: Readonly<Record<string, string>> = {
  user: 'User',
  api_key: 'API key',
  agency: 'Agency',
  client: 'Client',
  document: 'Document',
};
