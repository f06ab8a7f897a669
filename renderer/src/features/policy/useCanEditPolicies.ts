import { useConnectionQuery } from '../connection/connectionApi';

/** Admins and leads edit client policies (the team server checks every save again). */
export function useCanEditPolicies(): boolean {
  const role = useConnectionQuery().data?.user?.role;
  return role === 'admin' || role === 'lead';
}
