/** The box's plans (created at every start: plans.create returns an identical existing plan). */
export const PLANS = [
  { id: 'tea-monthly', name: '煎茶 定期便（毎月）', amount: 3980, interval: 'month' },
  { id: 'tea-biweekly', name: '煎茶 定期便（隔週）', amount: 2180, interval: 'week', intervalCount: 2 },
  { id: 'tea-trial', name: '煎茶 お試し（14日無料、以後毎月）', amount: 3980, interval: 'month', trialDays: 14 },
]
