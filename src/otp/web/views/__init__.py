"""The pages operators run the company from, one module per area, each with `router`;
otp.web.routes includes every module found here."""
