-- Moves deliveries the operator started (51 Start pending) to 55 In progress.
UPDATE NmsDelivery SET iState = 55, tsLastModified = :#now WHERE iState = 51
