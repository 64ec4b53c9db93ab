package io.sluice.lifecycle;

/**
 * What Sluice knows of one delivery that is not finished: its state and its controls.
 *
 * @param deliveryId  {@code NmsDelivery.iDeliveryId}
 * @param state       {@code NmsDelivery.iState}
 * @param maxRate     {@code SluiceDeliveryControl.iMaxRate} (msg/s), or null for no cap
 * @param window      its own sending window ({@code SluiceDeliveryControl.sWindow}), or null for the global one
 * @param windowError why its window text could not be read (it then counts as closed), or null
 */
public record DeliveryControl(long deliveryId, DeliveryState state, Integer maxRate, SendingWindow window,
                              String windowError) {
}
