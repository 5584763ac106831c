// App role ids of the Microsoft Graph application permissions the sandbox knows, from the
// table in shared/graph/FACTS.md (checked against Microsoft's permission data). Used only to
// render an app's requiredResourceAccess; a permission missing here is still enforced by name.
export const GRAPH_APP_ROLE_IDS: Record<string, string> = {
  'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
  'User.ReadWrite.All': '741f803b-c850-494e-b5df-cde7c675a1ca',
  'User.EnableDisableAccount.All': '3011c876-62b7-4ada-afa2-506cbbecc68c',
  'User-PasswordProfile.ReadWrite.All': 'cc117bb9-00cf-4eb8-b580-ea2a878fe8f7',
  'User.DeleteRestore.All': 'eccc023d-eccf-4e7b-9683-8813ab36cecc',
  'Group.Read.All': '5b567255-7703-4780-807c-7be8301ae99b',
  'Group.ReadWrite.All': '62a82d76-70ea-41e2-9197-370581804d09',
  'GroupMember.Read.All': '98830695-27a2-44f7-8c18-0c3ebc9698f6',
  'GroupMember.ReadWrite.All': 'dbaae8cf-10b5-4b86-a4a1-f871c94c6695',
  'Directory.Read.All': '7ab1d382-f21e-4acd-a863-ba3e13f7da61',
  'Directory.ReadWrite.All': '19dbc75e-c2e2-444c-a770-ec69d8559fc7',
  'Application.Read.All': '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30',
  'Application.ReadWrite.OwnedBy': '18a4783c-866b-4cc7-a460-3d5e5662c884',
  'Application.ReadWrite.All': '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9',
  'Organization.Read.All': '498476ce-e0fe-48b0-b801-37ba7e2685c6',
  'LicenseAssignment.Read.All': 'e2f98668-2877-4f38-a2f4-8202e0717aa1',
  'LicenseAssignment.ReadWrite.All': '5facf0c1-8979-4e95-abcf-ff3d079771c0',
  'AuditLog.Read.All': 'b0afded3-3588-46d8-8b3d-9842eff778da',
};
