// Error bodies exactly as the Gemini API (generativelanguage.googleapis.com) sends them.

export interface GoogleErrorBody {
  error: { code: number; message: string; status: string; details?: unknown[] };
}

export function invalidKeyError(): GoogleErrorBody {
  return {
    error: {
      code: 400,
      message: 'API key not valid. Please pass a valid API key.',
      status: 'INVALID_ARGUMENT',
      details: [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'API_KEY_INVALID',
          domain: 'googleapis.com',
          metadata: { service: 'generativelanguage.googleapis.com' },
        },
      ],
    },
  };
}

export function missingKeyError(): GoogleErrorBody {
  return {
    error: {
      code: 403,
      message:
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
      status: 'PERMISSION_DENIED',
    },
  };
}

/** 429 as sent when a per-minute quota is exceeded: QuotaFailure + RetryInfo. */
export function quotaError(retryDelaySeconds?: number): GoogleErrorBody {
  const details: unknown[] = [
    {
      '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
      violations: [
        {
          quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
          quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
        },
      ],
    },
    { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'Learn more about Gemini API quotas' }] },
  ];
  if (retryDelaySeconds !== undefined) {
    details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryDelaySeconds}s` });
  }
  return {
    error: {
      code: 429,
      message:
        'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.',
      status: 'RESOURCE_EXHAUSTED',
      details,
    },
  };
}

const SERVER_STATUS: Record<number, { status: string; message: string }> = {
  500: {
    status: 'INTERNAL',
    message:
      'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  },
  502: { status: 'UNAVAILABLE', message: 'Bad Gateway' },
  503: { status: 'UNAVAILABLE', message: 'The model is overloaded. Please try again later.' },
  504: { status: 'DEADLINE_EXCEEDED', message: 'Deadline expired before operation could complete.' },
};

export function serverError(code: number): GoogleErrorBody {
  const known = SERVER_STATUS[code] ?? { status: 'UNKNOWN', message: 'Unknown error.' };
  return { error: { code, ...known } };
}

export function invalidArgument(message: string): GoogleErrorBody {
  return { error: { code: 400, message, status: 'INVALID_ARGUMENT' } };
}

export function notFound(message: string): GoogleErrorBody {
  return { error: { code: 404, message, status: 'NOT_FOUND' } };
}
