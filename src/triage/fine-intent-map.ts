// Which fine-grained intents (Banking77, CLINC150) count as which social-care intent. Intents not listed
// (exchange rates, top-up limits, the assistant's weather and timers) map to nothing: they stay visible as
// `intent.fine` but do not decide the care intent. Documented in docs/triage.md.
import type { CareIntent } from '../domain/triage-result.js';

const BANKING77: Readonly<Partial<Record<CareIntent, readonly string[]>>> = {
  billing: [
    'Refund_not_showing_up', 'request_refund', 'card_payment_fee_charged', 'extra_charge_on_statement', 'transfer_fee_charged',
    'exchange_charge', 'cash_withdrawal_charge', 'top_up_by_card_charge', 'top_up_by_bank_transfer_charge', 'transaction_charged_twice',
    'card_payment_not_recognised', 'direct_debit_payment_not_recognised', 'cash_withdrawal_not_recognised', 'card_payment_wrong_exchange_rate',
    'wrong_exchange_rate_for_cash_withdrawal', 'wrong_amount_of_cash_received', 'reverted_card_payment?', 'pending_card_payment',
    'declined_card_payment', 'balance_not_updated_after_bank_transfer', 'balance_not_updated_after_cheque_or_cash_deposit',
    'failed_transfer', 'declined_transfer', 'pending_transfer', 'transfer_not_received_by_recipient', 'top_up_failed', 'top_up_reverted',
    'pending_top_up', 'pending_cash_withdrawal', 'declined_cash_withdrawal',
  ],
  account: [
    'passcode_forgotten', 'change_pin', 'pin_blocked', 'verify_my_identity', 'unable_to_verify_identity', 'why_verify_identity',
    'edit_personal_details', 'compromised_card', 'lost_or_stolen_card', 'lost_or_stolen_phone', 'activate_my_card', 'card_not_working',
    'virtual_card_not_working', 'contactless_not_working', 'card_swallowed', 'verify_source_of_funds',
  ],
  delivery: ['card_arrival', 'card_delivery_estimate'],
  cancel: ['terminate_account'],
};

const CLINC150: Readonly<Partial<Record<CareIntent, readonly string[]>>> = {
  billing: ['bill_balance', 'bill_due', 'pay_bill', 'transactions', 'report_fraud', 'card_declined', 'international_fees', 'min_payment'],
  account: ['account_blocked', 'freeze_account', 'pin_change', 'report_lost_card', 'damaged_card', 'user_name', 'change_user_name'],
  delivery: ['order_status', 'lost_luggage', 'replacement_card_duration'],
  praise: ['thank_you'],
};

function invert(map: Readonly<Partial<Record<CareIntent, readonly string[]>>>): ReadonlyMap<string, CareIntent> {
  const out = new Map<string, CareIntent>();
  for (const [care, fine] of Object.entries(map) as [CareIntent, readonly string[]][]) for (const f of fine) out.set(f, care);
  return out;
}

/** Fine-grained intent model name → (fine label → care intent). */
export const FINE_INTENT_MAP: ReadonlyMap<string, ReadonlyMap<string, CareIntent>> = new Map([
  ['banking77', invert(BANKING77)],
  ['clinc150', invert(CLINC150)],
]);
