#pragma once

#include "apierror.h"

#include <exception>

namespace linedesk::server {

// Thrown by the domain code for a refusal the caller should see; the HTTP layer turns it
// into the API's error body. Anything thrown inside a transaction rolls it back.
class ApiException : public std::exception
{
public:
    ApiException(int status, QString code, QString message)
        : m_error{status, ApiError::reasonPhrase(status), std::move(message), std::move(code)}
    {}
    const ApiError &error() const { return m_error; }
    const char *what() const noexcept override { return "linedesk api error"; }

private:
    ApiError m_error;
};

// A database failure: logged, answered 500, transaction rolled back.
class DatabaseException : public std::exception
{
public:
    explicit DatabaseException(QString message) : m_message(std::move(message)) {}
    const QString &message() const { return m_message; }
    const char *what() const noexcept override { return "linedesk database error"; }

private:
    QString m_message;
};

} // namespace linedesk::server
