package io.sluice.smtpsim;

/** What the simulator does with one {@code RCPT TO}. */
record RecipientVerdict(Action action, SimulatedReply refusal) {

    enum Action { ACCEPT, ACCEPT_THEN_DROP_AT_DATA, REFUSE, DROP }

    static final RecipientVerdict ACCEPT = new RecipientVerdict(Action.ACCEPT, null);
    static final RecipientVerdict ACCEPT_THEN_DROP = new RecipientVerdict(Action.ACCEPT_THEN_DROP_AT_DATA, null);
    static final RecipientVerdict DROP = new RecipientVerdict(Action.DROP, null);

    static RecipientVerdict refuse(SimulatedReply reply) {
        return new RecipientVerdict(Action.REFUSE, reply);
    }
}
