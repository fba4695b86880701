"""SMS gateways: one small contract (`egov.channels.transports.SMSTransport`), a console gateway for the
demo (`transports.LogSMSTransport`) and Kannel (`kannel.KannelGateway`). docs/channels.md#sms-gateways."""
