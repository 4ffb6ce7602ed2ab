"""Consultations: the working calendar (hours, days, Russia's public holidays), free slots,
bookings that two customers can never share, reminders."""
