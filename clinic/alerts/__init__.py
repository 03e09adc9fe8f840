"""Front-desk tasks raised by a screening result, and the alert email that goes with them."""
